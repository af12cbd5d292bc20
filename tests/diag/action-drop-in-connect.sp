# drop is a verdict of lookup and msg; connect says deny.
on connect {
    drop;
}
