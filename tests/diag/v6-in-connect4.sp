# An IPv6 address can never match in a connect4 program.
on connect4 {
    if dst.ip == 2001:db8::1 { deny; }
}
