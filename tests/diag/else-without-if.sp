# An 'else' with no 'if' before it.
on connect4 {
    deny;
    else { allow; }
}
