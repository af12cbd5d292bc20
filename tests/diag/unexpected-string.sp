# A string where a value goes: the message names it without an article.
policy "s";
on connect4 {
    if dst.port == 81 { rewrite dst "10.0.0.7:80"; }
}
