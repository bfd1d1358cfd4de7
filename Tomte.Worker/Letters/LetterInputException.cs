namespace Tomte.Worker.Letters;

/// <summary>
/// A letter cannot be made because of what was asked or configured (an unknown owner, an owner without a postal address
/// or a current site, a missing sender setting, a template error): the message says everything, no stack trace needed.
/// </summary>
public sealed class LetterInputException(string message) : InvalidOperationException(message);
