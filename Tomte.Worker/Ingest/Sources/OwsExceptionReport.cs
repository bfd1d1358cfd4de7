using System.Xml;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// An OWS <c>ExceptionReport</c> (WFS 2.0) or a WMS/WFS 1.x <c>ServiceExceptionReport</c>, which a service may send
/// instead of features, even with HTTP 200 and even in the middle of a feature collection.
/// </summary>
internal static class OwsExceptionReport
{
    public static bool IsRoot(string localName) => localName is "ExceptionReport" or "ServiceExceptionReport";

    /// <summary>The report's codes, locators and texts as one line; the reader ends past the report.</summary>
    public static string Read(XmlReader reader)
    {
        var messages = new List<string>();
        if (!reader.IsEmptyElement)
        {
            var depth = reader.Depth;
            string? code = null;
            reader.Read();
            while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "Exception" or "ServiceException")
                {
                    code = reader.GetAttribute("exceptionCode") ?? reader.GetAttribute("code");
                    var locator = reader.GetAttribute("locator");
                    if (locator is not null)
                    {
                        code = code is null ? locator : $"{code} ({locator})";
                    }
                    if (reader.LocalName == "ServiceException")
                    {
                        var text = reader.ReadElementContentAsString().Trim();
                        messages.Add(code is null ? text : $"{code}: {text}");
                        code = null;
                        continue;
                    }
                    reader.Read();
                    continue;
                }
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "ExceptionText")
                {
                    var text = reader.ReadElementContentAsString().Trim();
                    messages.Add(code is null ? text : $"{code}: {text}");
                    continue;
                }
                if (reader.NodeType == XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }
                reader.Read();
            }
            if (messages.Count == 0 && code is not null)
            {
                messages.Add(code);
            }
        }
        return messages.Count == 0 ? "(no exception text)" : string.Join("; ", messages);
    }
}
