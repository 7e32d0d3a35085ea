"""Fine-tunes the reader: a cross-encoder from the e5 model's first layers (sentence-transformers' CrossEncoder),
on question-sentence pairs, with the word table frozen so that serving can share the e5 export's."""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from rag.answer.rank.reader import MAX_TOKENS


@dataclass(frozen=True)
class Recipe:
    """How the reader is trained; recorded beside the weights."""
    layers: int = 6            # of e5-small's 12: half the cost to train and to serve
    epochs: int = 2
    batch: int = 16
    lr: float = 5e-5
    warmup: float = 0.1
    head_lr: float = 20.0          # the new classifier learns this many times faster than the pretrained body
    positive_weight: float = 2.0   # a missed answer costs more than a doubted one: positives are 1 in 15 pairs
    seed: int = 13
    max_tokens: int = MAX_TOKENS
    ranked_top: int = 12       # negatives kept per question from the first stage's best-ranked (pairs hold 12)


def new_model(recipe: Recipe):
    """The e5 model as a one-logit cross-encoder, cut to its first `recipe.layers` layers, word table frozen."""
    import torch
    from sentence_transformers.cross_encoder import CrossEncoder

    from rag.model.folder import default_model_dir

    torch.manual_seed(recipe.seed)
    model = CrossEncoder(str(default_model_dir()), num_labels=1, max_length=recipe.max_tokens)
    bert = model.model.bert
    bert.encoder.layer = bert.encoder.layer[:recipe.layers]
    model.model.config.num_hidden_layers = recipe.layers
    bert.embeddings.word_embeddings.weight.requires_grad_(False)
    # the converted e5 model has no pooler (written as zeros: e5 pools by mean): a zero pooler passes no gradient
    # back to the encoder, so start it as the identity, tanh(h_cls)
    with torch.no_grad():
        bert.pooler.dense.weight.copy_(torch.eye(bert.config.hidden_size))
        bert.pooler.dense.bias.zero_()
    return model


def _batches(pairs: list[dict], recipe: Recipe, rng: random.Random) -> list[list[dict]]:
    """Batches of pairs of similar length (little padding), in random order."""
    order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i]["question"]) + len(pairs[i]["passage"]),
                                                     rng.random()))
    batches = [[pairs[i] for i in order[j:j + recipe.batch]] for j in range(0, len(order), recipe.batch)]
    rng.shuffle(batches)
    return batches


def train(pairs: list[dict], recipe: Recipe = Recipe(), progress: Callable[[str], None] | None = None):
    """The trained CrossEncoder (torch, eval mode)."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    rng = random.Random(recipe.seed)
    model = new_model(recipe)
    net, tokenizer = model.model, model.tokenizer
    params = [p for p in net.parameters() if p.requires_grad]
    head = [p for n, p in net.named_parameters() if p.requires_grad and n.startswith(("classifier", "bert.pooler"))]
    body = [p for p in params if all(p is not h for h in head)]
    optimizer = torch.optim.AdamW([{"params": body, "lr": recipe.lr},
                                   {"params": head, "lr": recipe.lr * recipe.head_lr}],
                                  weight_decay=0.01)
    steps = recipe.epochs * -(-len(pairs) // recipe.batch)
    schedule = get_linear_schedule_with_warmup(optimizer, int(recipe.warmup * steps), steps)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(recipe.positive_weight))
    net.train()
    started, done, running = time.perf_counter(), 0, 0.0
    for epoch in range(recipe.epochs):
        for batch in _batches(pairs, recipe, rng):
            enc = tokenizer([p["question"] for p in batch], [p["passage"] for p in batch], padding=True,
                            truncation="longest_first", max_length=recipe.max_tokens, return_tensors="pt")
            enc.pop("token_type_ids", None)   # e5 reads every token as type 0, as serving does
            logits = net(**enc).logits.view(-1)
            loss = loss_fn(logits, torch.tensor([float(p["label"]) for p in batch]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            done += 1
            running = 0.98 * running + 0.02 * loss.item() if done > 1 else loss.item()
            if progress and done % 100 == 0:
                rate = done / (time.perf_counter() - started)
                progress(f"epoch {epoch + 1}/{recipe.epochs} step {done}/{steps} loss {running:.3f} "
                         f"({rate * recipe.batch:.1f} pairs/s, {(steps - done) / rate / 60:.0f} min left)")
    net.eval()
    return model


def predict(model, pairs: list[dict], batch: int = 64) -> list[float]:
    """Torch logits for `pairs` (the reference the ONNX export must match)."""
    import torch

    out: list[float] = []
    with torch.inference_mode():
        for i in range(0, len(pairs), batch):
            chunk = pairs[i:i + batch]
            enc = model.tokenizer([p["question"] for p in chunk], [p["passage"] for p in chunk], padding=True,
                                  truncation="longest_first", max_length=MAX_TOKENS, return_tensors="pt")
            enc.pop("token_type_ids", None)
            out.extend(model.model(**enc).logits.view(-1).tolist())
    return out
