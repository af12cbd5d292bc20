policy "a";
policy "b";
on connect4 { deny; }
