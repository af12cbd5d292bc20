# The policy name becomes a bpffs directory: no '/' or spaces.
policy "my edge/v2";
on connect4 { deny; }
