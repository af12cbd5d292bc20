# 'establshed' is not a sockops op.
sockhash peers<tuple>[1024];
on sockops: if op == establshed { track peers; }
