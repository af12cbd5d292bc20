# lookup has no 4/6 variants.
sockmap s[4];
on lookup4 { assign s[0]; }
