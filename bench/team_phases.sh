#!/bin/sh
# bench/team_phases.sh — where `noaber team` spends its time, phase by phase (issue 12 §6: load,
# build, solve, post-process). Not a test: one run, prints figures.
#
# Runs `noaber team --db DB ARGS... --json` (answer to /dev/null, or to the file OUT names: compare
# two builds' proposals with cmp) and stamps every progress line
# it writes on stderr (docs/teaming.md: "N medewerkers, M regels" when the input is loaded,
# "netwerk: …" when the model is built, "oplossen ..." when the first solve starts, a line per
# post-processing round, "klaar: …" at the end; shown for more than 200 people or lines) with the
# process's CPU time (user + sys, /proc/PID/stat) and the wall time since the start. The phases
# are the differences: load = start → "medewerkers", build = → "netwerk" (plus writing --dimacs
# when asked), first solve = "oplossen" → the first round, post-processing = → "klaar", output =
# → the end (reasons, JSON). The API's request adds the save and the answer (bench/team_national.sh).
#
# usage: nice bench/team_phases.sh BUILD_DIR DB [ARGS...]   (default ARGS: --all)
set -eu
BUILD=${1:?usage: bench/team_phases.sh BUILD_DIR DB [ARGS...]}
DB=${2:?usage: bench/team_phases.sh BUILD_DIR DB [ARGS...]}
shift 2
[ $# -gt 0 ] || set -- --all
exec perl -MTime::HiRes=time -e '
    use strict;
    my $hz = 100; # USER_HZ: clock ticks of /proc/PID/stat on Linux
    my $t0 = time;
    my $pid = open(my $fh, "-|") // die "fork: $!";
    if ($pid == 0) {
        open(STDERR, ">&STDOUT") or die;
        open(STDOUT, ">", $ENV{OUT} // "/dev/null") or die;
        exec(@ARGV) or die "exec: $!";
    }
    my ($cpu, $peak) = (0, 0);
    sub sample {
        local $/ = "\n";
        if (open(my $s, "<", "/proc/$pid/stat")) {
            my @f = split / /, (split /\) /, <$s>, 2)[1];
            $cpu = ($f[11] + $f[12]) * 1000 / $hz;
        }
        if (open(my $s, "<", "/proc/$pid/status")) {
            while (<$s>) { $peak = $1 if /^VmHWM:\s+(\d+)/; }
        }
    }
    local $/ = \1;
    my $line = "";
    printf "%10s %10s %8s  %s\n", "cpu_ms", "wall_ms", "peak_MB", "stderr of noaber team";
    while (defined(my $c = <$fh>)) {
        if ($c eq "\n" || $c eq "\r") {
            sample();
            printf "%10d %10d %8d  %s\n", $cpu, (time - $t0) * 1000, $peak / 1024, $line
                if $c eq "\n" || $line =~ /^nabewerken|^klaar|^netwerk|medewerkers,/;
            $line = "";
        } else {
            $line .= $c;
        }
    }
    sample();
    close($fh);
    my $rc = $? >> 8;
    my ($u, $sy) = (times)[2, 3];
    printf "%10d %10d %8d  (end, exit status %d)\n", ($u + $sy) * 1000, (time - $t0) * 1000,
        $peak / 1024, $rc;
    exit($rc);
' "$BUILD/noaber" team --db "$DB" "$@" --json
