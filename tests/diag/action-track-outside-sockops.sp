# track belongs to sockops.
sockhash peers<tuple>[1024];
on connect {
    track peers;
}
