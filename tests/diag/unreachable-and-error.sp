# A warning (a statement after deny never runs) and an error in one run.
on connect4 {
    deny;
    bind 10.0.0.5;
}
on bind4 { rewrite dst 10.0.0.1:80; }
