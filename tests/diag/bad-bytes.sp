# Bytes that are not text (0x01, 0xff) after a good hook.
on connect4 { deny; }
ÿ
