//! The engine's behaviour on good and bad policies (messages, sets, located errors).

use super::*;

fn compiled(text: &str) -> Result<PolicySet, Problem> {
    compile(vec![("p.rego".to_string(), text.to_string())])
}

fn eval(text: &str, input: &str) -> Result<Vec<PolicyResult>, Problem> {
    evaluate(&compiled(text)?, &json(input))
}

fn json(text: &str) -> Value {
    Value::from_json_str(text).expect("test input is JSON")
}

#[test]
fn deny_and_warn_are_sets_of_messages_sorted() {
    let got = eval(
        "package aima\n\
         deny contains sprintf(\"%s is low\", [p]) if { some p in input.low }\n\
         deny contains {\"msg\": \"object\", \"practice\": \"DM-DT\"} if true\n\
         warn contains \"careful\" if input.warn\n",
        r#"{"low": ["b", "a", "a"], "warn": true}"#,
    )
    .expect("evaluates");
    assert_eq!(got.len(), 1);
    let msgs: Vec<String> = got[0].deny.iter().map(Message::line).collect();
    assert_eq!(msgs, ["a is low", "b is low", "object (DM-DT)"]);
    assert_eq!(got[0].warn.len(), 1);
    assert_eq!(got[0].file, "p.rego");
}

#[test]
fn a_policy_without_deny_or_warn_says_nothing() {
    let got = eval("package aima\nallow if true\n", "{}").expect("evaluates");
    assert!(got[0].deny.is_empty() && got[0].warn.is_empty());
}

#[test]
fn a_syntax_error_is_located_in_the_policy() {
    let err = compiled("package aima\n\ndeny contains \"x\" if {\n  input.a ==\n}\n").expect_err("an error");
    assert_eq!(err.to_string(), "p.rego:5:1: expecting expression");
}

#[test]
fn an_unknown_builtin_is_located() {
    // regorus finds it when evaluation reaches the call (docs/policy.md).
    let err = eval(
        "package aima\ndeny contains \"x\" if {\n  nosuch.fn(1)\n}\n",
        "{}",
    )
    .expect_err("an error");
    assert_eq!(err.place(), "p.rego:3:12");
    assert!(err.message.contains("nosuch.fn"), "{err}");
}

#[test]
fn a_deny_that_is_not_a_set_is_located_at_the_rule() {
    let err = eval("package aima\n\ndeny := 3\n", "{}").expect_err("an error");
    assert_eq!(err.place(), "p.rego:3:1");
    assert!(err.message.contains("must be a set of messages"), "{err}");
    assert!(err.message.contains("not a number"), "{err}");
}

#[test]
fn a_message_that_is_neither_text_nor_an_object_with_msg_is_an_error() {
    let err = eval("package aima\nwarn contains 7 if true\n", "{}").expect_err("an error");
    assert!(err.message.contains("a `warn` message must be text"), "{err}");
    let err = eval(
        "package aima\ndeny contains {\"practice\": \"X\"} if true\n",
        "{}",
    )
    .expect_err("an error");
    assert!(err.message.contains("a `deny` message"), "{err}");
}

#[test]
fn a_runaway_policy_is_stopped_by_the_time_limit() {
    let set = compiled(
        "package aima\n\
         deny contains \"never\" if {\n  some i in numbers.range(1, 100000)\n  some j in numbers.range(1, 100000)\n  i == j + 1000000000\n}\n",
    )
    .expect("compiles")
    .with_limits(Limits {
        time: Duration::from_millis(300),
        memory: limit::DEFAULT.memory,
    });
    let started = std::time::Instant::now();
    let err = evaluate(&set, &json("{}")).expect_err("stopped");
    assert!(err.message.contains("time limit"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn libraries_are_loaded_beside_each_policy() {
    let set = compile(vec![
        (
            "lib.rego".to_string(),
            "package aima.lib\nhigh if input.risk == \"high\"\n".to_string(),
        ),
        (
            "p.rego".to_string(),
            "package aima\nimport data.aima.lib\ndeny contains \"high\" if lib.high\n".to_string(),
        ),
    ])
    .expect("compiles");
    assert_eq!(set.files().collect::<Vec<_>>(), ["p.rego"]);
    let got = evaluate(&set, &json(r#"{"risk": "high"}"#)).expect("evaluates");
    assert_eq!(got[0].deny[0].msg, "high");
}

#[test]
fn columns_count_a_tab_as_one_character() {
    assert_eq!(char_column("\tcrypto.x(1)", 15), 12);
    assert_eq!(char_column("abc", 2), 2);
    assert_eq!(char_column("ab", 5), 5);
    assert_eq!(char_column("\t", 5), 2);
}

#[test]
fn a_rule_declared_only_by_its_children_is_read_as_opa_reads_it() {
    // `data.aima.deny` is then the object of its children, not a set: located at the rule.
    let err = eval("package aima\n\ndeny.x := 1\n", "{}").expect_err("not a set");
    assert_eq!(
        err.to_string(),
        "p.rego:3:1: `deny` must be a set of messages (write `deny contains msg if { ... }`), not an object"
    );
}

#[test]
fn a_library_under_the_package_can_give_a_rule_the_policy_does_not_declare() {
    let set = compile(vec![
        (
            "lib.rego".to_string(),
            "package aima.warn\n\nx := 1\n".to_string(),
        ),
        (
            "p.rego".to_string(),
            "package aima\n\ndeny contains \"d\" if true\n".to_string(),
        ),
    ])
    .expect("compiles");
    let err = evaluate(&set, &json("{}")).expect_err("warn is an object");
    assert!(
        err.to_string().contains("`warn` must be a set of messages"),
        "{err}"
    );
    // Without that library, the undeclared `warn` is simply empty.
    let got = eval("package aima\n\ndeny contains \"d\" if true\n", "{}").expect("evaluates");
    assert_eq!((got[0].deny.len(), got[0].warn.len()), (1, 0));
}
