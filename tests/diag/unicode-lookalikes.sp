# Text pasted from a document or a chat: characters that look like the language's
# are named, with the ASCII one meant; one error a character, not one a byte, and no
# syntax error on top (a soft hyphen splits 'deny' in two).
policy “pasted”;
on connect4 {
    if dst.port == ８080 { deny; }
    if dst.ip == 10.0.0.1 { deny; }
    if dst.port == 22 { dény; }
    if dst.port == 23 { deny; } ‮
    if dѕt.port == 24 { deny; }
    if dst.port == 25 { de­ny; }
}
