using System.Text.Json.Serialization;

namespace ChatBot.Teams.Outgoing;

/// <summary>An element of an Adaptive Card's body, written with its <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
public abstract record CardElement;
