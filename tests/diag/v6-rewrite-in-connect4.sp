# An IPv6 endpoint written into an IPv4 connect.
on connect4 {
    rewrite dst [2001:db8::1]:80;
}
