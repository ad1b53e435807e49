using ChatBot.Testing.Storage;

namespace ChatBot.Core.Tests.Digests;

public sealed class PostgresPartialDeliveryTests() : PartialDeliveryTests(TestStores.Postgres);
