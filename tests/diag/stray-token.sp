# A stray ')' in the middle of a condition.
on connect4 {
    if dst.port == 80) { deny; }
}
