# listeners has 8 slots: 0..7.
sockmap listeners[8];
on lookup {
    assign listeners[8];
}
