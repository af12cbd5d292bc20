# post_bind reads src but cannot rewrite it.
on post_bind4 { rewrite src.port 8080; }
