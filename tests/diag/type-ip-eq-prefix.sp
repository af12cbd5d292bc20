# '==' a prefix: membership in a prefix is written with 'in'.
on connect {
    if dst.ip == 10.0.0.0/8 { deny; }
}
