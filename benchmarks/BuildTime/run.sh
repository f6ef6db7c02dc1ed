#!/usr/bin/env bash
# The build a developer waits for: synthetic consumers of the packed Orchestration package with N workflows (three
# steps each) and N + 3 agent templates, against the same classes with no attributes and the package's analyzers and
# generator removed from the compilation ("plain"), and against the floor: the same sources with their attributes, the
# package's generator and analyzers replaced by ones that look up the same attributes and register the same kinds of
# actions but do nothing (benchmarks/BuildTime/Floor), which is what any generator keyed on these attributes costs.
# All are built with `dotnet build --no-restore --no-incremental` (Debug, compiler server warm), interleaved, and the
# script reports each build's time, the ratios of medians, the compiler's own per-generator and per-analyzer times
# (-p:ReportAnalyzer=true) and the generated lines per workflow.
#
#   benchmarks/BuildTime/run.sh                  # N = 10, 100 and 1000, three repetitions each (about 4 minutes here)
#   SIZES="10 100" REPS=5 benchmarks/BuildTime/run.sh
#
# Figures: docs/benchmarks.md ("The build a developer waits for").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sizes=${SIZES:-10 100 1000}
reps=${REPS:-3}
work=$(mktemp -d /tmp/orchestration-buildtime.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

version="0.1.0-bench.$(date +%s)"
echo "packing Orchestration $version"
dotnet pack "$root/src/Orchestration.Runtime/Orchestration.Runtime.csproj" -c Release -o "$work/feed" -p:PackageVersion="$version" -v q -nologo > "$work/pack.log" \
  || { cat "$work/pack.log"; exit 1; }

echo "building the floor generator and analyzer"
dotnet build "$root/benchmarks/BuildTime/Floor/Floor.csproj" -c Release -o "$work/floor" -v q -nologo > "$work/floor.log" \
  || { cat "$work/floor.log"; exit 1; }

# consumer <dir> <n> <with|floor|plain>: writes a project with n workflows and n + 3 templates.
consumer() {
  local dir=$1 n=$2 kind=$3
  mkdir -p "$dir"
  cat > "$dir/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
  # The plain and floor projects drop the package's generator and analyzers before the compiler runs (ExcludeAssets=
  # "analyzers" does not remove analyzers the SDK picks from a package's roslyn-versioned folders); the floor project
  # adds the do-nothing ones instead.
  local drop=""
  [ "$kind" != with ] && drop='<Target Name="DropOrchestrationAnalyzers" BeforeTargets="CoreCompile"><ItemGroup><Analyzer Remove="@(Analyzer)" Condition="$([System.String]::Copy(%(Filename)).StartsWith(Orchestration.))" /></ItemGroup></Target>'
  [ "$kind" = floor ] && drop="$drop<ItemGroup><Analyzer Include=\"$work/floor/Floor.dll\" /></ItemGroup>"
  cat > "$dir/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Orchestration" Version="$version" />
  </ItemGroup>
  $drop
</Project>
XML
  # Three shared agents every workflow starts with, and one agent of its own per workflow.
  local attr_a="" attr_w=""
  {
    echo "using System.Threading; using System.Threading.Tasks; using Orchestration;"
    echo "namespace Consumer;"
    echo "public sealed record Doc(string Text);"
    for shared in parse enrich summarize; do
      [ "$kind" != plain ] && attr_a="[AgentTemplate(\"$shared\")] "
      echo "${attr_a}public sealed class Agent_$shared : IAgent<Doc, Doc> { public ValueTask<Doc> RunAsync(Doc input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input with { Text = input.Text + \"/$shared\" }); }"
    done
  } > "$dir/Shared.cs"
  for i in $(seq 1 "$n"); do
    if [ "$kind" != plain ]; then
      attr_a="[AgentTemplate(\"step_$i\")] "
      attr_w="[Workflow(\"flow_$i\", Strategy = \"sequential\")] [Step(\"parse\")] [Step(\"enrich\")] [Step(\"step_$i\")] "
    fi
    cat > "$dir/Flow$i.cs" <<CS
using System.Threading; using System.Threading.Tasks; using Orchestration;
namespace Consumer;
${attr_a}public sealed class Agent_$i : IAgent<Doc, Doc> { public ValueTask<Doc> RunAsync(Doc input, AgentContext context, CancellationToken cancellationToken) => ValueTask.FromResult(input with { Text = input.Text + "/$i" }); }
${attr_w}public static partial class Flow$i { }
CS
  done
}

seconds() { date +%s.%N; }

# build <dir>: one compile, timed; keeps the detailed log for the analyzer report.
build() {
  local dir=$1 start end
  start=$(seconds)
  dotnet build "$dir" --no-restore --no-incremental -p:ReportAnalyzer=true -v:d -nologo > "$dir/build.log" 2>&1 \
    || { tail -40 "$dir/build.log"; exit 1; }
  end=$(seconds)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# The compiler's report: "Total analyzer execution time", "Total generator execution time", and one line per assembly.
report() {
  local log=$1
  grep -E "^[[:space:]]*(Total (analyzer|generator) execution time|<?[0-9.]+[[:space:]]+<?[0-9]+[[:space:]]+(Orchestration\.|Floor,|Microsoft\.CodeAnalysis\.(CSharp\.)?NetAnalyzers,))" "$log" \
    | sed -e 's/^[[:space:]]*//' -e 's/, Version=.*//' -e 's/ (ORCH[^)]*)//' | awk '!seen[$0]++' | head -12
}

dotnet build-server shutdown > /dev/null 2>&1 || true
echo "$(nproc) cores, $(uname -sr), dotnet $(dotnet --version); $reps repetitions, interleaved"
printf '\n| N | with the package (s) | floor (s) | plain (s) | with / plain | floor / plain | with / floor | generated lines per workflow |\n|---|---|---|---|---|---|---|---|\n' > "$work/table.md"
for n in $sizes; do
  for kind in with floor plain; do
    consumer "$work/$kind-$n" "$n" "$kind"
    dotnet restore "$work/$kind-$n" -v q > /dev/null
  done
  # Warm the compiler server and the build node on this size, then measure.
  build "$work/plain-$n" > /dev/null
  build "$work/floor-$n" > /dev/null
  build "$work/with-$n" > /dev/null
  with=() floor=() plain=()
  for _ in $(seq 1 "$reps"); do
    plain+=("$(build "$work/plain-$n")")
    floor+=("$(build "$work/floor-$n")")
    with+=("$(build "$work/with-$n")")
  done
  mw=$(printf '%s\n' "${with[@]}" | median)
  mf=$(printf '%s\n' "${floor[@]}" | median)
  mp=$(printf '%s\n' "${plain[@]}" | median)
  generated=$(find "$work/with-$n/obj" -path '*generated*' -name '*.cs' -print0 | xargs -0 cat | wc -l)
  per=$(awk -v g="$generated" -v n="$n" 'BEGIN { printf "%.1f", g / n }')
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
  printf '| %s | %s | %s | %s | %sx | %sx | %sx | %s (%s lines in all) |\n' "$n" "$(printf '%.1f ' "${with[@]}")" "$(printf '%.1f ' "${floor[@]}")" \
    "$(printf '%.1f ' "${plain[@]}")" "$(ratio "$mw" "$mp")" "$(ratio "$mf" "$mp")" "$(ratio "$mw" "$mf")" "$per" "$generated" >> "$work/table.md"
  echo
  echo "N = $n: with the package ${with[*]} s; floor ${floor[*]} s; plain ${plain[*]} s; with / plain $(ratio "$mw" "$mp")x, floor / plain $(ratio "$mf" "$mp")x"
  echo "  compiler report, with the package (last build):"
  report "$work/with-$n/build.log" | sed 's/^/    /'
  echo "  compiler report, floor (last build):"
  report "$work/floor-$n/build.log" | sed 's/^/    /'
  echo "  compiler report, plain (last build):"
  report "$work/plain-$n/build.log" | sed 's/^/    /'
done
cat "$work/table.md"
