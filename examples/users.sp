# Per-user access on a shared host: batch accounts may open no connection at all, each
# service account reaches only its own backends' ports, and some accounts stay out of
# some networks. Rules on a uid and a port are one lookup keyed by both, whatever their
# number, written as a block per uid or as `uid == U and dst.port == P`; rules on a uid
# and a network one lookup keyed by the uid and the prefix (a search tree for IPv4, an
# LPM trie for IPv6): see `sockc compile --emit plan`.
policy "users";

# the batch containers' uids (from their subordinate range)
set batch = { 100001, 100002, 100003, 100004, 100005, 100006, 100007, 100008, 100009, 100010,
              100011, 100012, 100013, 100014, 100015, 100016, 100017, 100018, 100019, 100020 };

on connect {
    if uid in batch { deny; }

    if uid == 1001 {                       # billing
        if dst.port == 5432 { allow; }     #   PostgreSQL
        if dst.port == 6379 { allow; }     #   Redis
    }
    if uid == 1002 and dst.port == 5432 { allow; }    # reports: PostgreSQL
    if uid == 1003 {                       # sessions
        if dst.port == 6379 { allow; }     #   Redis
        if dst.port == 11211 { allow; }    #   memcached
    }
    if uid == 1004 and dst.port == 9092 { allow; }    # events: Kafka
    if uid == 1005 and dst.port == 9200 { allow; }    # search: Elasticsearch
    if uid == 1006 and dst.port == 5672 { allow; }    # jobs: RabbitMQ
    if dst.port in { 5432, 6379, 11211, 9092, 9200, 5672 } { deny; }   # nobody else

    if uid == 1002 and dst in 10.10.0.0/16 { deny; }  # reports: not production,
    if uid == 1002 and dst in fd00:10::/32 { deny; }
    if uid == 1005 {                       # search: not production,
        if dst in 10.10.0.0/16 { deny; }
        if dst in 10.20.0.0/16 { deny; }   #   nor payments
    }
    if uid == 1006 and dst in 10.20.0.0/16 { deny; }  # jobs: not payments
    if uid == 1006 and dst in fd00:20::/32 { deny; }
    if uid == 1007 and dst in 10.0.0.0/8 { deny; }    # the build account: nothing inside
    if uid == 1007 and dst in fd00::/8 { deny; }
}
