/*
 * bench/lemon_mcf.cc — the LEMON 1.3 reference for bench/mcf.sh: solves one
 * DIMACS file with NetworkSimplex and with CostScaling (int64 values and
 * costs). Reading is not timed; "setup" is building the SmartDigraph and its
 * maps and constructing the solver, "solve" is run(). Benchmark only — never
 * linked into the product.
 *
 * usage: lemon_mcf FILE.min
 * prints: lemon_ns setup_ms X solve_ms Y cost Z process_ms P
 *         lemon_cs setup_ms X solve_ms Y cost Z process_ms P
 * (process_ms: the process's CPU time at the end of run(), reading the file
 * included; with both solvers the second one's includes the first's.)
 */
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

using namespace lemon;
typedef long long ll;

/* Process CPU time: robust against other load on a shared machine. */
static double now_ms()
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct Instance {
    int n = 0;
    std::vector<int> from, to;
    std::vector<ll> lo, cap, cost, sup;
};

static bool read_dimacs(const char *path, Instance &in)
{
    FILE *f = std::fopen(path, "r");
    if (!f)
        return false;
    char line[512];
    while (std::fgets(line, sizeof line, f)) {
        if (line[0] == 'p') {
            ll n, m;
            if (std::sscanf(line, "p min %lld %lld", &n, &m) != 2)
                return false;
            in.n = (int)n;
            in.sup.assign(n, 0);
            in.from.reserve(m);
            in.to.reserve(m);
            in.lo.reserve(m);
            in.cap.reserve(m);
            in.cost.reserve(m);
        } else if (line[0] == 'n') {
            ll id, s;
            if (std::sscanf(line, "n %lld %lld", &id, &s) != 2)
                return false;
            in.sup[id - 1] = s;
        } else if (line[0] == 'a') {
            ll u, v, l, c, w;
            if (std::sscanf(line, "a %lld %lld %lld %lld %lld", &u, &v, &l, &c, &w) != 5)
                return false;
            in.from.push_back((int)u - 1);
            in.to.push_back((int)v - 1);
            in.lo.push_back(l);
            in.cap.push_back(c);
            in.cost.push_back(w);
        }
    }
    std::fclose(f);
    return true;
}

template <typename Solver> static void run(const char *name, const Instance &in)
{
    double t0 = now_ms();
    SmartDigraph g;
    g.reserveNode(in.n);
    g.reserveArc((int)in.from.size());
    std::vector<SmartDigraph::Node> nodes(in.n);
    for (int v = 0; v < in.n; v++)
        nodes[v] = g.addNode();
    SmartDigraph::ArcMap<ll> lo(g), cap(g), cost(g);
    SmartDigraph::NodeMap<ll> sup(g);
    for (size_t a = 0; a < in.from.size(); a++) {
        SmartDigraph::Arc e = g.addArc(nodes[in.from[a]], nodes[in.to[a]]);
        lo[e] = in.lo[a];
        cap[e] = in.cap[a];
        cost[e] = in.cost[a];
    }
    for (int v = 0; v < in.n; v++)
        sup[nodes[v]] = in.sup[v];
    Solver solver(g);
    solver.lowerMap(lo).upperMap(cap).costMap(cost).supplyMap(sup);
    double t1 = now_ms();
    typename Solver::ProblemType r = solver.run();
    double t2 = now_ms();
    if (r == Solver::OPTIMAL)
        std::printf("%s setup_ms %.1f solve_ms %.1f cost %lld process_ms %.1f\n", name, t1 - t0,
                    t2 - t1, (ll)solver.template totalCost<ll>(), t2);
    else
        std::printf("%s setup_ms %.1f solve_ms %.1f cost %s\n", name, t1 - t0, t2 - t1,
                    r == Solver::INFEASIBLE ? "INFEASIBLE" : "UNBOUNDED");
    std::fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: lemon_mcf FILE.min [ns|cs]\n");
        return 2;
    }
    Instance in;
    if (!read_dimacs(argv[1], in)) {
        std::fprintf(stderr, "lemon_mcf: cannot read %s\n", argv[1]);
        return 1;
    }
    const char *which = argc > 2 ? argv[2] : "both";
    if (std::strcmp(which, "cs") != 0)
        run<NetworkSimplex<SmartDigraph, ll, ll>>("lemon_ns", in);
    if (std::strcmp(which, "ns") != 0)
        run<CostScaling<SmartDigraph, ll, ll>>("lemon_cs", in);
    return 0;
}
