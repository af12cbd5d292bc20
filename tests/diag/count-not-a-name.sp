# count takes a counter's name, not a number or a field; a name is a counter's, even
# one that a set or a field has.
set denied = { 10.0.0.1 };
on connect4 {
    count 5;
    count dst.port;
    count denied;
    count dst;
}
