# '$' is not part of the language.
on connect4 {
    if dst.port == $80 { deny; }
}
