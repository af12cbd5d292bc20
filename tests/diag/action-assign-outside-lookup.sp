# assign belongs to lookup.
sockmap listeners[4];
on connect {
    assign listeners[0];
}
