# An empty policy name.
policy "";
on connect { deny; }
