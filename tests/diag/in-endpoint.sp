# 'in' an endpoint: an endpoint is compared with '=='.
on connect {
    if dst in 10.0.0.1:80 { deny; }
}
