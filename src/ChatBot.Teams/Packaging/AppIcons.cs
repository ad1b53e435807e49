namespace ChatBot.Teams.Packaging;

/// <summary>
/// The two icons Teams requires, drawn in code so the package needs no binary assets: a full-colour
/// 192×192 icon (white speech bubble on the accent colour) and a 32×32 outline icon (white bubble
/// on a transparent background, as Teams demands for outline icons).
/// </summary>
internal static class AppIcons
{
    public const string AccentColor = "#1F4E9E";

    public static byte[] Color() => Draw(192, background: (0x1F, 0x4E, 0x9E, 0xFF));

    public static byte[] Outline() => Draw(32, background: (0, 0, 0, 0));

    private static byte[] Draw(int size, (byte R, byte G, byte B, byte A) background)
    {
        var pixels = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var inBubble = InBubble((x + 0.5) / size, (y + 0.5) / size);
                var (r, g, b, a) = inBubble ? ((byte)0xFF, (byte)0xFF, (byte)0xFF, (byte)0xFF) : background;
                var i = (y * size + x) * 4;
                pixels[i] = r;
                pixels[i + 1] = g;
                pixels[i + 2] = b;
                pixels[i + 3] = a;
            }
        }
        return PngEncoder.Encode(size, size, pixels);
    }

    /// <summary>A rounded rectangle with a tail at the lower left, in unit coordinates.</summary>
    private static bool InBubble(double x, double y)
    {
        const double left = 0.18, right = 0.82, top = 0.22, bottom = 0.66, radius = 0.12;
        var cx = Math.Clamp(x, left + radius, right - radius);
        var cy = Math.Clamp(y, top + radius, bottom - radius);
        var inBody = x >= left && x <= right && y >= top && y <= bottom && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius;
        // Tail: the triangle (0.30, 0.66), (0.46, 0.66), (0.26, 0.82) under the body.
        var t = (y - bottom) / 0.16;
        var inTail = t is >= 0 and <= 1 && x >= 0.30 - 0.04 * t && x <= 0.46 - 0.20 * t;
        return inBody || inTail;
    }
}
