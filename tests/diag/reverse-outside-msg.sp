# 'reverse' (the 4-tuple seen from the peer) only makes sense as a key in msg.
sockhash peers<tuple>[1024];
on lookup { assign peers[reverse]; }
