# Every error of the file in one run: names, types, actions and values.
const vip = 10.0.0.5;
const vip = 10.0.0.6;
set nets = { 10.0.0.1/8 };
on connect4 {
    if dts == 10.0.0.1:80 { deny; }
    if dst.port == 10.0.0.1 { deny; }
    if dst.ip == 2001:db8::1 { deny; }
    track nobody;
}
on recvmsg4 { deny; }
