# Two unrelated errors, both reported in one run.
on connect {
    if dts.port == 80 { deny; }
    if dst.port == 70000 { deny; }
}
