using ChatBot.Testing.Storage;

namespace ChatBot.Core.Tests.Digests;

public sealed class PostgresDigestSchedulerTests() : DigestSchedulerTests(TestStores.Postgres);
