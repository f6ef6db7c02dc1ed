using System;

namespace Orchestration.Commands.CommandLine;

/// <summary>A command cannot do what was asked; the message says why and what to do. Printed as <c>error:</c>, exit 1.</summary>
internal sealed class CommandException(string message) : Exception(message);
