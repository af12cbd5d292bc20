# recvmsg can only allow.
on recvmsg4 {
    if src.port == 53 { deny; }
}
