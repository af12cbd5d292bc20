# count takes a counter's name: not nothing, nor a string.
on connect4 {
    count;
    count "denied";
    count denied;
}
