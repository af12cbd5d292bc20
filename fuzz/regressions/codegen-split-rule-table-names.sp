# Rules whose set of prefixes splits them in a stretch of rules in turn: a table per field and prefix, three of them from one rule's parts, named apart (rules__2__v4, rules__2_5__v4, rules__2_5_2__v4); the third was named as the second, an internal error
on connect {
    if (dst in { 127.0.0.4/31, 127.0.0.2/31, 127.0.0.1/32 } and (uid == 0 and dst.port == 33243 and dst.ip == 127.0.0.2)) {
        allow;
    }
    if (dst in { 127.0.0.4/31, 127.0.0.2/31, 127.0.0.1/32 } and (dst.port == 40039 and dst.ip == 127.0.0.3 and uid == 1000)) {
        deny;
    }
    if ((uid == 0 and dst.port == 40039 and dst.ip == 127.0.0.4) and dst in { 127.0.0.4/31, 127.0.0.2/31, 127.0.0.1/32 }) {
        allow;
    }
    if ((dst.port == 35765 and dst.ip == 127.0.0.1 and uid == 0) and dst in { 127.0.0.4/31, 127.0.0.2/31, 127.0.0.1/32 }) {
        deny;
    }
    if (dst in { 127.0.0.4/31, 127.0.0.2/31, 127.0.0.1/32 } and (dst.port == 35765 and dst.ip == 127.0.0.2 and uid == 1000)) {
        bind 127.0.0.10;
        allow;
    }
    if ((uid == 1000 and dst.port == 9 and dst.ip == 127.0.0.1) and dst in { 127.0.0.4/31, 127.0.0.2/31, 127.0.0.1/32 }) {
        allow;
    }
    if (dst in { 127.0.0.4/31, 127.0.0.2/31, 127.0.0.1/32 } and (uid == 1000 and dst.port == 33243 and dst.ip == 127.0.0.3)) {
        bind 127.0.0.10;
        allow;
    }
    if (dst in { 127.0.0.4/31, 127.0.0.2/31, 127.0.0.1/32 } and (uid == 1000 and dst.port == 33243 and dst.ip == 127.0.0.2)) {
        deny;
    }
    if ((uid == 0 and dst.port == 35765 and dst.ip == 127.0.0.2) and dst in { 127.0.0.4/31, 127.0.0.2/31, 127.0.0.1/32 }) {
        allow;
    }
    allow;
}
