# 'on msg' attaches to a socket map, so it needs 'in MAP'.
sockhash peers<tuple>[1024];
on msg {
    if size > 100 { drop; }
}
