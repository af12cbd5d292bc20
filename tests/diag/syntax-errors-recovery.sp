# Two syntax errors in two hooks: the parser recovers and reports both.
on connect4 {
    if dst.port == 80 { deny }
}
on bind4 {
    rewrite src.ip = 10.0.0.5;
}
