// The bench's realistic data set: tickets and e-mails of realistic length (a body of 300-2,000
// characters), in thirteen languages and scripts, with line breaks (some CRLF, as Outlook writes),
// quoted replies, signatures, emoji, and commas and quotes that need CSV quoting. Seeded, so every
// run writes the same bytes; the same columns as the easy set (Id,Title,Body,Priority), so the
// same scenario scripts run on both.
using System.Globalization;
using System.Text;

namespace RawFloor;

internal static class RealisticTickets
{
    public const int MinBody = 300;
    public const int MaxBody = 2000;

    private static readonly string[] Categories = ["Hardware", "Software", "Access"];

    public static void WriteCsv(string path, int rows)
    {
        var random = new Random(16);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("Id,Title,Body,Priority\n");
        for (int i = 1; i <= rows; i++)
        {
            TicketLanguage language = Pick(random);
            bool reply = random.Next(4) == 0;
            string title = (reply ? language.ReplyPrefix : string.Empty) + Fill(Pick(random, language.Titles), random);
            string body = Body(language, reply, random);
            string priority = random.Next(10) switch { 0 => "High", < 7 => "Normal", _ => "Low" };
            writer.Write($"T{i:D7},{Csv.Quote(title)},{Csv.Quote(body)},{priority}\n");
        }
    }

    /// <summary>A model's answer of realistic length (about 40-1,500 characters): a category and a summary, sometimes a drafted reply.</summary>
    public static string Answer(Random random)
    {
        TicketLanguage language = Pick(random);
        var text = new StringBuilder();
        text.Append("Category: ").Append(Categories[random.Next(Categories.Length)]).Append('\n');
        int target = LogUniform(random, 40, 1500);
        if (target > 200 && random.Next(2) == 0)
        {
            text.Append(Pick(random, language.Greetings)).Append("\n\n");
        }

        while (text.Length < target)
        {
            string sentence = Fill(Pick(random, language.Sentences), random);
            if (text.Length + sentence.Length > 1500 && text.Length > 40)
            {
                break;
            }

            text.Append(sentence).Append(random.Next(3) == 0 ? "\n" : " ");
        }

        return text.ToString().TrimEnd();
    }

    private static string Body(TicketLanguage language, bool reply, Random random)
    {
        string newLine = random.Next(5) == 0 ? "\r\n" : "\n";
        int target = LogUniform(random, MinBody, MaxBody);
        var text = new StringBuilder();
        text.Append(Pick(random, language.Greetings)).Append(newLine).Append(newLine);

        // The ending is composed first, so the paragraphs can leave room for it.
        var ending = new StringBuilder();
        if (random.Next(6) == 0)
        {
            ending.Append(' ').Append(TicketLanguages.Emoji[random.Next(TicketLanguages.Emoji.Length)]);
        }

        string name = Pick(random, language.Names);
        ending.Append(newLine).Append(newLine).Append(Pick(random, language.Closings)).Append(newLine).Append(name);
        if (random.Next(2) == 0)
        {
            ending.Append(newLine).Append("-- ").Append(newLine).Append(name);
            foreach (string line in language.Signature)
            {
                ending.Append(newLine).Append(Fill(line, random));
            }
        }

        if (random.Next(8) == 0)
        {
            ending.Append(newLine).Append(newLine).Append(TicketLanguages.Disclaimer[random.Next(TicketLanguages.Disclaimer.Length)]);
        }

        if (reply)
        {
            ending.Append(newLine).Append(newLine).Append(Quoted(language, newLine, random));
        }

        int room = Math.Max(MinBody, target) - ending.Length;
        string between = language.Code is "zh" or "ja" ? string.Empty : " ";
        int inParagraph = 0;
        int paragraphLength = 2 + random.Next(3);
        int[] deck = Shuffled(language.Sentences.Length, random);
        for (int drawn = 0; text.Length < room || text.Length + ending.Length < MinBody; drawn++)
        {
            // Each sentence once before any repeats, as a writer would.
            string sentence = Fill(language.Sentences[deck[drawn % deck.Length]], random);
            if (text.Length + sentence.Length + 2 * newLine.Length + ending.Length > MaxBody)
            {
                break;
            }

            if (inParagraph == paragraphLength)
            {
                text.Append(newLine).Append(newLine);
                inParagraph = 0;
                paragraphLength = 2 + random.Next(3);
            }
            else if (inParagraph > 0)
            {
                text.Append(between);
            }

            text.Append(sentence);
            inParagraph++;
        }

        return text.Append(ending).ToString();
    }

    // An earlier message of the thread, each line quoted with "> ".
    private static string Quoted(TicketLanguage language, string newLine, Random random)
    {
        string header = language.QuoteHeader
            .Replace("{d}", new DateTime(2026, 1 + random.Next(11), 1 + random.Next(28), 8 + random.Next(10), random.Next(60), 0).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
            .Replace("{a}", "Service Desk")
            .Replace("{m}", "servicedesk@contoso.example");
        var quoted = new StringBuilder(header);
        quoted.Append(newLine).Append("> ").Append(Pick(random, language.Greetings));
        int sentences = 1 + random.Next(2);
        for (int s = 0; s < sentences; s++)
        {
            quoted.Append(newLine).Append("> ").Append(Fill(Pick(random, language.Sentences), random));
        }

        return quoted.ToString();
    }

    private static string Fill(string template, Random random)
    {
        if (template.IndexOf('{') < 0)
        {
            return template;
        }

        return template
            .Replace("{p}", TicketLanguages.Products[random.Next(TicketLanguages.Products.Length)])
            .Replace("{e}", TicketLanguages.Errors[random.Next(TicketLanguages.Errors.Length)])
            .Replace("{n}", random.Next(2, 99999).ToString(CultureInfo.InvariantCulture))
            .Replace("{v}", $"{random.Next(1, 25)}.{random.Next(10)}.{random.Next(1000, 9999)}");
    }

    private static int[] Shuffled(int count, Random random)
    {
        int[] order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        return order;
    }

    // Lengths between min and max, shorter ones more often, as tickets are.
    private static int LogUniform(Random random, int min, int max) =>
        (int)Math.Round(min * Math.Pow((double)max / min, random.NextDouble()));

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static readonly int TotalWeight = TicketLanguages.All.Sum(l => l.Weight);

    private static TicketLanguage Pick(Random random)
    {
        int at = random.Next(TotalWeight);
        foreach (TicketLanguage language in TicketLanguages.All)
        {
            if ((at -= language.Weight) < 0)
            {
                return language;
            }
        }

        return TicketLanguages.All[0];
    }
}
