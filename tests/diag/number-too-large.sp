# A number that does not fit in 64 bits.
on connect {
    if uid == 99999999999999999999999 { deny; }
}
