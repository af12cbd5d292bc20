# A client that connects to localhost:6379 reaches the service at another address,
# and getpeername shows it the address it asked for.
policy "redirect";
const asked  = 127.0.0.1:6379;
const actual = 127.0.0.2:16379;
on connect4     { if dst == asked  { rewrite dst actual; } }
on getpeername4 { if dst == actual { rewrite dst asked; } }
