# A string where a value goes: an address or a number is written without quotes.
policy "s";
on connect4 {
    if dst.port == 81 { rewrite dst "10.0.0.7:80"; }
}
