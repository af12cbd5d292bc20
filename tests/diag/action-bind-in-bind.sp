# 'bind IP' is an action of connect only.
on bind4 {
    bind 10.0.0.5;
}
