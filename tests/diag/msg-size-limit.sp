# A size limit above what sk_msg ever sees (544 KiB pieces) never fires.
sockhash peers<tuple>[1024];
on msg in peers {
    if size > 1000000 { drop; }
}
