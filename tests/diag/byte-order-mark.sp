policy bom; # an editor's byte order mark is no text: the line shows without it
on connect4 { if dst.port == 80 { deny; } }
