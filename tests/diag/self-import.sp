import "self-import";
on connect { deny; }
