# bind sees only src: there is no dst to rewrite.
on bind {
    rewrite dst 10.0.0.1:80;
}
