// Declarations for the run-time benchmarks: 100 synchronous and 100 yielding agents, and the workflows over them.
// Written out by hand-run script once; plain source from here on.
using System.Threading;
using System.Threading.Tasks;
using Orchestration;

namespace Orchestration.Benchmarks.Runtime;

[AgentTemplate("inc0")] public sealed class Inc0 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc1")] public sealed class Inc1 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc2")] public sealed class Inc2 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc3")] public sealed class Inc3 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc4")] public sealed class Inc4 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc5")] public sealed class Inc5 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc6")] public sealed class Inc6 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc7")] public sealed class Inc7 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc8")] public sealed class Inc8 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc9")] public sealed class Inc9 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc10")] public sealed class Inc10 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc11")] public sealed class Inc11 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc12")] public sealed class Inc12 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc13")] public sealed class Inc13 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc14")] public sealed class Inc14 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc15")] public sealed class Inc15 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc16")] public sealed class Inc16 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc17")] public sealed class Inc17 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc18")] public sealed class Inc18 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc19")] public sealed class Inc19 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc20")] public sealed class Inc20 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc21")] public sealed class Inc21 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc22")] public sealed class Inc22 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc23")] public sealed class Inc23 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc24")] public sealed class Inc24 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc25")] public sealed class Inc25 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc26")] public sealed class Inc26 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc27")] public sealed class Inc27 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc28")] public sealed class Inc28 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc29")] public sealed class Inc29 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc30")] public sealed class Inc30 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc31")] public sealed class Inc31 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc32")] public sealed class Inc32 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc33")] public sealed class Inc33 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc34")] public sealed class Inc34 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc35")] public sealed class Inc35 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc36")] public sealed class Inc36 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc37")] public sealed class Inc37 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc38")] public sealed class Inc38 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc39")] public sealed class Inc39 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc40")] public sealed class Inc40 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc41")] public sealed class Inc41 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc42")] public sealed class Inc42 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc43")] public sealed class Inc43 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc44")] public sealed class Inc44 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc45")] public sealed class Inc45 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc46")] public sealed class Inc46 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc47")] public sealed class Inc47 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc48")] public sealed class Inc48 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc49")] public sealed class Inc49 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc50")] public sealed class Inc50 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc51")] public sealed class Inc51 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc52")] public sealed class Inc52 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc53")] public sealed class Inc53 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc54")] public sealed class Inc54 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc55")] public sealed class Inc55 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc56")] public sealed class Inc56 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc57")] public sealed class Inc57 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc58")] public sealed class Inc58 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc59")] public sealed class Inc59 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc60")] public sealed class Inc60 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc61")] public sealed class Inc61 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc62")] public sealed class Inc62 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc63")] public sealed class Inc63 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc64")] public sealed class Inc64 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc65")] public sealed class Inc65 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc66")] public sealed class Inc66 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc67")] public sealed class Inc67 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc68")] public sealed class Inc68 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc69")] public sealed class Inc69 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc70")] public sealed class Inc70 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc71")] public sealed class Inc71 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc72")] public sealed class Inc72 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc73")] public sealed class Inc73 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc74")] public sealed class Inc74 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc75")] public sealed class Inc75 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc76")] public sealed class Inc76 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc77")] public sealed class Inc77 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc78")] public sealed class Inc78 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc79")] public sealed class Inc79 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc80")] public sealed class Inc80 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc81")] public sealed class Inc81 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc82")] public sealed class Inc82 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc83")] public sealed class Inc83 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc84")] public sealed class Inc84 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc85")] public sealed class Inc85 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc86")] public sealed class Inc86 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc87")] public sealed class Inc87 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc88")] public sealed class Inc88 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc89")] public sealed class Inc89 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc90")] public sealed class Inc90 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc91")] public sealed class Inc91 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc92")] public sealed class Inc92 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc93")] public sealed class Inc93 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc94")] public sealed class Inc94 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc95")] public sealed class Inc95 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc96")] public sealed class Inc96 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc97")] public sealed class Inc97 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc98")] public sealed class Inc98 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("inc99")] public sealed class Inc99 : IAgent<int, int> { public ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) => new(input + 1); }
[AgentTemplate("yinc0")] public sealed class YieldInc0 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc1")] public sealed class YieldInc1 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc2")] public sealed class YieldInc2 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc3")] public sealed class YieldInc3 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc4")] public sealed class YieldInc4 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc5")] public sealed class YieldInc5 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc6")] public sealed class YieldInc6 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc7")] public sealed class YieldInc7 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc8")] public sealed class YieldInc8 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc9")] public sealed class YieldInc9 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc10")] public sealed class YieldInc10 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc11")] public sealed class YieldInc11 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc12")] public sealed class YieldInc12 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc13")] public sealed class YieldInc13 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc14")] public sealed class YieldInc14 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc15")] public sealed class YieldInc15 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc16")] public sealed class YieldInc16 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc17")] public sealed class YieldInc17 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc18")] public sealed class YieldInc18 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc19")] public sealed class YieldInc19 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc20")] public sealed class YieldInc20 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc21")] public sealed class YieldInc21 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc22")] public sealed class YieldInc22 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc23")] public sealed class YieldInc23 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc24")] public sealed class YieldInc24 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc25")] public sealed class YieldInc25 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc26")] public sealed class YieldInc26 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc27")] public sealed class YieldInc27 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc28")] public sealed class YieldInc28 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc29")] public sealed class YieldInc29 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc30")] public sealed class YieldInc30 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc31")] public sealed class YieldInc31 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc32")] public sealed class YieldInc32 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc33")] public sealed class YieldInc33 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc34")] public sealed class YieldInc34 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc35")] public sealed class YieldInc35 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc36")] public sealed class YieldInc36 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc37")] public sealed class YieldInc37 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc38")] public sealed class YieldInc38 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc39")] public sealed class YieldInc39 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc40")] public sealed class YieldInc40 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc41")] public sealed class YieldInc41 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc42")] public sealed class YieldInc42 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc43")] public sealed class YieldInc43 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc44")] public sealed class YieldInc44 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc45")] public sealed class YieldInc45 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc46")] public sealed class YieldInc46 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc47")] public sealed class YieldInc47 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc48")] public sealed class YieldInc48 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc49")] public sealed class YieldInc49 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc50")] public sealed class YieldInc50 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc51")] public sealed class YieldInc51 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc52")] public sealed class YieldInc52 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc53")] public sealed class YieldInc53 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc54")] public sealed class YieldInc54 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc55")] public sealed class YieldInc55 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc56")] public sealed class YieldInc56 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc57")] public sealed class YieldInc57 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc58")] public sealed class YieldInc58 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc59")] public sealed class YieldInc59 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc60")] public sealed class YieldInc60 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc61")] public sealed class YieldInc61 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc62")] public sealed class YieldInc62 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc63")] public sealed class YieldInc63 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc64")] public sealed class YieldInc64 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc65")] public sealed class YieldInc65 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc66")] public sealed class YieldInc66 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc67")] public sealed class YieldInc67 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc68")] public sealed class YieldInc68 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc69")] public sealed class YieldInc69 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc70")] public sealed class YieldInc70 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc71")] public sealed class YieldInc71 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc72")] public sealed class YieldInc72 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc73")] public sealed class YieldInc73 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc74")] public sealed class YieldInc74 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc75")] public sealed class YieldInc75 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc76")] public sealed class YieldInc76 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc77")] public sealed class YieldInc77 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc78")] public sealed class YieldInc78 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc79")] public sealed class YieldInc79 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc80")] public sealed class YieldInc80 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc81")] public sealed class YieldInc81 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc82")] public sealed class YieldInc82 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc83")] public sealed class YieldInc83 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc84")] public sealed class YieldInc84 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc85")] public sealed class YieldInc85 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc86")] public sealed class YieldInc86 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc87")] public sealed class YieldInc87 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc88")] public sealed class YieldInc88 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc89")] public sealed class YieldInc89 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc90")] public sealed class YieldInc90 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc91")] public sealed class YieldInc91 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc92")] public sealed class YieldInc92 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc93")] public sealed class YieldInc93 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc94")] public sealed class YieldInc94 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc95")] public sealed class YieldInc95 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc96")] public sealed class YieldInc96 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc97")] public sealed class YieldInc97 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc98")] public sealed class YieldInc98 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }
[AgentTemplate("yinc99")] public sealed class YieldInc99 : IAgent<int, int> { public async ValueTask<int> RunAsync(int input, AgentContext context, CancellationToken cancellationToken) { await Task.Yield(); return input + 1; } }

[Workflow("seq_1", Strategy = "sequential")]
[Step("inc0")]
public static partial class Seq1;

[Workflow("yield_seq_1", Strategy = "sequential")]
[Step("yinc0")]
public static partial class YieldSeq1;

// Eight steps: the longest chain SequentialChain runs (no generated runner body); ten and more get one.
[Workflow("seq_8", Strategy = "sequential")]
[Step("inc0")]
[Step("inc1")]
[Step("inc2")]
[Step("inc3")]
[Step("inc4")]
[Step("inc5")]
[Step("inc6")]
[Step("inc7")]
public static partial class Seq8;

[Workflow("yield_seq_8", Strategy = "sequential")]
[Step("yinc0")]
[Step("yinc1")]
[Step("yinc2")]
[Step("yinc3")]
[Step("yinc4")]
[Step("yinc5")]
[Step("yinc6")]
[Step("yinc7")]
public static partial class YieldSeq8;

[Workflow("seq_10", Strategy = "sequential")]
[Step("inc0")]
[Step("inc1")]
[Step("inc2")]
[Step("inc3")]
[Step("inc4")]
[Step("inc5")]
[Step("inc6")]
[Step("inc7")]
[Step("inc8")]
[Step("inc9")]
public static partial class Seq10;

[Workflow("yield_seq_10", Strategy = "sequential")]
[Step("yinc0")]
[Step("yinc1")]
[Step("yinc2")]
[Step("yinc3")]
[Step("yinc4")]
[Step("yinc5")]
[Step("yinc6")]
[Step("yinc7")]
[Step("yinc8")]
[Step("yinc9")]
public static partial class YieldSeq10;

[Workflow("seq_100", Strategy = "sequential")]
[Step("inc0")]
[Step("inc1")]
[Step("inc2")]
[Step("inc3")]
[Step("inc4")]
[Step("inc5")]
[Step("inc6")]
[Step("inc7")]
[Step("inc8")]
[Step("inc9")]
[Step("inc10")]
[Step("inc11")]
[Step("inc12")]
[Step("inc13")]
[Step("inc14")]
[Step("inc15")]
[Step("inc16")]
[Step("inc17")]
[Step("inc18")]
[Step("inc19")]
[Step("inc20")]
[Step("inc21")]
[Step("inc22")]
[Step("inc23")]
[Step("inc24")]
[Step("inc25")]
[Step("inc26")]
[Step("inc27")]
[Step("inc28")]
[Step("inc29")]
[Step("inc30")]
[Step("inc31")]
[Step("inc32")]
[Step("inc33")]
[Step("inc34")]
[Step("inc35")]
[Step("inc36")]
[Step("inc37")]
[Step("inc38")]
[Step("inc39")]
[Step("inc40")]
[Step("inc41")]
[Step("inc42")]
[Step("inc43")]
[Step("inc44")]
[Step("inc45")]
[Step("inc46")]
[Step("inc47")]
[Step("inc48")]
[Step("inc49")]
[Step("inc50")]
[Step("inc51")]
[Step("inc52")]
[Step("inc53")]
[Step("inc54")]
[Step("inc55")]
[Step("inc56")]
[Step("inc57")]
[Step("inc58")]
[Step("inc59")]
[Step("inc60")]
[Step("inc61")]
[Step("inc62")]
[Step("inc63")]
[Step("inc64")]
[Step("inc65")]
[Step("inc66")]
[Step("inc67")]
[Step("inc68")]
[Step("inc69")]
[Step("inc70")]
[Step("inc71")]
[Step("inc72")]
[Step("inc73")]
[Step("inc74")]
[Step("inc75")]
[Step("inc76")]
[Step("inc77")]
[Step("inc78")]
[Step("inc79")]
[Step("inc80")]
[Step("inc81")]
[Step("inc82")]
[Step("inc83")]
[Step("inc84")]
[Step("inc85")]
[Step("inc86")]
[Step("inc87")]
[Step("inc88")]
[Step("inc89")]
[Step("inc90")]
[Step("inc91")]
[Step("inc92")]
[Step("inc93")]
[Step("inc94")]
[Step("inc95")]
[Step("inc96")]
[Step("inc97")]
[Step("inc98")]
[Step("inc99")]
public static partial class Seq100;

[Workflow("yield_seq_100", Strategy = "sequential")]
[Step("yinc0")]
[Step("yinc1")]
[Step("yinc2")]
[Step("yinc3")]
[Step("yinc4")]
[Step("yinc5")]
[Step("yinc6")]
[Step("yinc7")]
[Step("yinc8")]
[Step("yinc9")]
[Step("yinc10")]
[Step("yinc11")]
[Step("yinc12")]
[Step("yinc13")]
[Step("yinc14")]
[Step("yinc15")]
[Step("yinc16")]
[Step("yinc17")]
[Step("yinc18")]
[Step("yinc19")]
[Step("yinc20")]
[Step("yinc21")]
[Step("yinc22")]
[Step("yinc23")]
[Step("yinc24")]
[Step("yinc25")]
[Step("yinc26")]
[Step("yinc27")]
[Step("yinc28")]
[Step("yinc29")]
[Step("yinc30")]
[Step("yinc31")]
[Step("yinc32")]
[Step("yinc33")]
[Step("yinc34")]
[Step("yinc35")]
[Step("yinc36")]
[Step("yinc37")]
[Step("yinc38")]
[Step("yinc39")]
[Step("yinc40")]
[Step("yinc41")]
[Step("yinc42")]
[Step("yinc43")]
[Step("yinc44")]
[Step("yinc45")]
[Step("yinc46")]
[Step("yinc47")]
[Step("yinc48")]
[Step("yinc49")]
[Step("yinc50")]
[Step("yinc51")]
[Step("yinc52")]
[Step("yinc53")]
[Step("yinc54")]
[Step("yinc55")]
[Step("yinc56")]
[Step("yinc57")]
[Step("yinc58")]
[Step("yinc59")]
[Step("yinc60")]
[Step("yinc61")]
[Step("yinc62")]
[Step("yinc63")]
[Step("yinc64")]
[Step("yinc65")]
[Step("yinc66")]
[Step("yinc67")]
[Step("yinc68")]
[Step("yinc69")]
[Step("yinc70")]
[Step("yinc71")]
[Step("yinc72")]
[Step("yinc73")]
[Step("yinc74")]
[Step("yinc75")]
[Step("yinc76")]
[Step("yinc77")]
[Step("yinc78")]
[Step("yinc79")]
[Step("yinc80")]
[Step("yinc81")]
[Step("yinc82")]
[Step("yinc83")]
[Step("yinc84")]
[Step("yinc85")]
[Step("yinc86")]
[Step("yinc87")]
[Step("yinc88")]
[Step("yinc89")]
[Step("yinc90")]
[Step("yinc91")]
[Step("yinc92")]
[Step("yinc93")]
[Step("yinc94")]
[Step("yinc95")]
[Step("yinc96")]
[Step("yinc97")]
[Step("yinc98")]
[Step("yinc99")]
public static partial class YieldSeq100;

[Workflow("fan_2", Strategy = "parallel")]
[Step("inc0")]
[Step("inc1")]
public static partial class Fan2;

[Workflow("yield_fan_2", Strategy = "parallel")]
[Step("yinc0")]
[Step("yinc1")]
public static partial class YieldFan2;

[Workflow("fan_8", Strategy = "parallel")]
[Step("inc0")]
[Step("inc1")]
[Step("inc2")]
[Step("inc3")]
[Step("inc4")]
[Step("inc5")]
[Step("inc6")]
[Step("inc7")]
public static partial class Fan8;

[Workflow("yield_fan_8", Strategy = "parallel")]
[Step("yinc0")]
[Step("yinc1")]
[Step("yinc2")]
[Step("yinc3")]
[Step("yinc4")]
[Step("yinc5")]
[Step("yinc6")]
[Step("yinc7")]
public static partial class YieldFan8;

[Workflow("fan_64", Strategy = "parallel")]
[Step("inc0")]
[Step("inc1")]
[Step("inc2")]
[Step("inc3")]
[Step("inc4")]
[Step("inc5")]
[Step("inc6")]
[Step("inc7")]
[Step("inc8")]
[Step("inc9")]
[Step("inc10")]
[Step("inc11")]
[Step("inc12")]
[Step("inc13")]
[Step("inc14")]
[Step("inc15")]
[Step("inc16")]
[Step("inc17")]
[Step("inc18")]
[Step("inc19")]
[Step("inc20")]
[Step("inc21")]
[Step("inc22")]
[Step("inc23")]
[Step("inc24")]
[Step("inc25")]
[Step("inc26")]
[Step("inc27")]
[Step("inc28")]
[Step("inc29")]
[Step("inc30")]
[Step("inc31")]
[Step("inc32")]
[Step("inc33")]
[Step("inc34")]
[Step("inc35")]
[Step("inc36")]
[Step("inc37")]
[Step("inc38")]
[Step("inc39")]
[Step("inc40")]
[Step("inc41")]
[Step("inc42")]
[Step("inc43")]
[Step("inc44")]
[Step("inc45")]
[Step("inc46")]
[Step("inc47")]
[Step("inc48")]
[Step("inc49")]
[Step("inc50")]
[Step("inc51")]
[Step("inc52")]
[Step("inc53")]
[Step("inc54")]
[Step("inc55")]
[Step("inc56")]
[Step("inc57")]
[Step("inc58")]
[Step("inc59")]
[Step("inc60")]
[Step("inc61")]
[Step("inc62")]
[Step("inc63")]
public static partial class Fan64;

[Workflow("yield_fan_64", Strategy = "parallel")]
[Step("yinc0")]
[Step("yinc1")]
[Step("yinc2")]
[Step("yinc3")]
[Step("yinc4")]
[Step("yinc5")]
[Step("yinc6")]
[Step("yinc7")]
[Step("yinc8")]
[Step("yinc9")]
[Step("yinc10")]
[Step("yinc11")]
[Step("yinc12")]
[Step("yinc13")]
[Step("yinc14")]
[Step("yinc15")]
[Step("yinc16")]
[Step("yinc17")]
[Step("yinc18")]
[Step("yinc19")]
[Step("yinc20")]
[Step("yinc21")]
[Step("yinc22")]
[Step("yinc23")]
[Step("yinc24")]
[Step("yinc25")]
[Step("yinc26")]
[Step("yinc27")]
[Step("yinc28")]
[Step("yinc29")]
[Step("yinc30")]
[Step("yinc31")]
[Step("yinc32")]
[Step("yinc33")]
[Step("yinc34")]
[Step("yinc35")]
[Step("yinc36")]
[Step("yinc37")]
[Step("yinc38")]
[Step("yinc39")]
[Step("yinc40")]
[Step("yinc41")]
[Step("yinc42")]
[Step("yinc43")]
[Step("yinc44")]
[Step("yinc45")]
[Step("yinc46")]
[Step("yinc47")]
[Step("yinc48")]
[Step("yinc49")]
[Step("yinc50")]
[Step("yinc51")]
[Step("yinc52")]
[Step("yinc53")]
[Step("yinc54")]
[Step("yinc55")]
[Step("yinc56")]
[Step("yinc57")]
[Step("yinc58")]
[Step("yinc59")]
[Step("yinc60")]
[Step("yinc61")]
[Step("yinc62")]
[Step("yinc63")]
public static partial class YieldFan64;

[Workflow("nest_1", Strategy = "nested_sequential")]
[Step(Workflow = "seq_10")]
public static partial class Nest1;

[Workflow("nest_2", Strategy = "nested_sequential")]
[Step(Workflow = "nest_1")]
public static partial class Nest2;

[Workflow("nest_3", Strategy = "nested_sequential")]
[Step(Workflow = "nest_2")]
public static partial class Nest3;

