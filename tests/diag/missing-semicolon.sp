# A statement without its ';' before the closing brace.
on connect4 {
    if dst.port == 80 { deny }
    bind 10.0.0.5
}
