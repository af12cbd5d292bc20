# A sockmap's element indexed again: check_index read the declaration of `socks[0]`,
# which has none (found by the frontend fuzzer).
sockmap socks[4];
on lookup {
    if dst.port == 80 { assign socks[0][2]; }
}
