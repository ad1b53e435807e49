using System.Net;
using System.Net.Sockets;

namespace ChatBot.Core.Sources.Fetching;

/// <summary>
/// The connect step of the fetcher's handler: resolves the host itself, keeps only addresses the
/// <see cref="AddressPolicy"/> allows and connects to one of those, so the address checked is
/// the address used (no second lookup that DNS rebinding could answer differently). Every
/// connection, hence every redirect hop, passes through here.
/// </summary>
public sealed class GuardedConnector(AddressPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new HttpRequestException(HttpRequestError.NameResolutionError, $"cannot resolve {host}: {ex.Message}", ex);
            }
        }
        var allowed = addresses.Where(policy.Allows).ToList();
        if (allowed.Count == 0)
        {
            throw new AddressRefusedException(addresses.Length == 0
                ? $"{host} has no address"
                : $"{host} resolves to {addresses[0]}, a loopback, private or reserved address (allow it in ChatBot:Sources:AllowedPrivateNetworks)");
        }

        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new HttpRequestException(HttpRequestError.ConnectionError, $"cannot connect to {host}:{context.DnsEndPoint.Port}: {last?.Message}", last);
    }
}
